/**
 * When the program office gives a base another managing department (or none), the base's reports
 * go with it: the new department reviews what awaits the department's review and lists the
 * base's reports; with none, the program office reviews a submitted report directly.
 */
import type { Organization } from '../organizations/schemas';
import { managingDepartmentOf } from './annual-report';
import type { AnnualReport } from './schemas';

export function withBaseManagingDepartment(report: AnnualReport, base: Organization): AnnualReport {
  const { managingDepartmentId: _id, managingDepartmentName: _name, ...unmanaged } = report;
  return { ...unmanaged, ...managingDepartmentOf(base), version: report.version + 1 };
}
