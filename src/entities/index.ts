import { Agency } from "./agency.js";
import { Diagnostic } from "./diagnostic.js";
import { Figure } from "./figure.js";
import { Report } from "./report.js";
import { SearchOutbox } from "./search-outbox.js";
import { Section } from "./section.js";
import { SourceFile } from "./source-file.js";

export { Agency, Diagnostic, Figure, Report, SearchOutbox, Section, SourceFile };
export type { SearchOutboxOp } from "./search-outbox.js";

/** Every entity, for the data source. */
export const ENTITIES = [Agency, SourceFile, Report, Figure, Section, Diagnostic, SearchOutbox];
