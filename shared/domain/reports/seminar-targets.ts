/**
 * The yearly target of the 研修培训项目 (project `seminar`), apart from the rest of the trend so
 * the configuration (shared/config/env.ts) can take its default without the trend's code.
 */

/** Sessions (期) held and people trained a year. */
export interface SeminarTargets {
  sessions: number;
  trainees: number;
}

/** The notice: "每年举办20期左右研修培训项目，培养培训1000名左右". */
export const DEFAULT_SEMINAR_TARGETS: SeminarTargets = { sessions: 20, trainees: 1000 };
