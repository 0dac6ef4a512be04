// The error of torch/_export/serde/serialize.py (`SerializeError`): a program that cannot be written
// to schema 8.17, or a model.json whose content (not its JSON shape) cannot be turned back into a
// program — an unknown node name, an operator pt2js has no schema for, a subgraph of the wrong form.
// Defined in src/serde (the schema-version error of the reader is one too).
export { SerializeError } from "../serde/errors.js";
