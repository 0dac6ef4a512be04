// The core's exports: every function src/core calls. Each area keeps its exports in its own file.
export { coreVersion } from "./version";
export { lastErrorCode, takeErrorMessage } from "./errors";
export * from "./sym/exports";
export * from "./graph/exports";
