import { Initial1795426344583 } from "./1795426344583-initial.js";
import { AgencyIdentity1795512744583 } from "./1795512744583-agency-identity.js";
import { FigureVariableCovering1795600000000 } from "./1795600000000-figure-variable-covering.js";
import { FigureReportStatementCheck1795700000000 } from "./1795700000000-figure-report-statement-check.js";
import { FigureVariableCCollation1795700000001 } from "./1795700000001-figure-variable-c-collation.js";
import { FigurePkeyCovering1795800000000 } from "./1795800000000-figure-pkey-covering.js";
import { AgencyProvince1795800000001 } from "./1795800000001-agency-province.js";
import { ReportCurrentYear1795900000000 } from "./1795900000000-report-current-year.js";
import { FigureReportCheckByKey1796000000000 } from "./1796000000000-figure-report-check-by-key.js";
import { ReportAgencyYear1796000000001 } from "./1796000000001-report-agency-year.js";
import { SectionJoinedSpace1797200000000 } from "./1797200000000-section-joined-space.js";
import { FigureCandidates1797200000001 } from "./1797200000001-figure-candidates.js";
import { DropSectionTokens1797300000000 } from "./1797300000000-drop-section-tokens.js";
import { ReportInputKind1797400000000 } from "./1797400000000-report-input-kind.js";

/** Every migration, oldest first (listed, not globbed: the code runs as ESM TypeScript or JS alike). */
export const MIGRATIONS = [
  Initial1795426344583,
  AgencyIdentity1795512744583,
  FigureVariableCovering1795600000000,
  FigureReportStatementCheck1795700000000,
  FigureVariableCCollation1795700000001,
  FigurePkeyCovering1795800000000,
  AgencyProvince1795800000001,
  ReportCurrentYear1795900000000,
  FigureReportCheckByKey1796000000000,
  ReportAgencyYear1796000000001,
  SectionJoinedSpace1797200000000,
  FigureCandidates1797200000001,
  DropSectionTokens1797300000000,
  ReportInputKind1797400000000,
];
