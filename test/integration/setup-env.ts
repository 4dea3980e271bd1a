/** Hands the code under test this run's configuration before any test file imports it. */
import { useIntegrationConfig } from './config';

useIntegrationConfig();
