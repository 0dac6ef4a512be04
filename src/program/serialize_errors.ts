// The error of torch/_export/serde/serialize.py (`SerializeError`): a program that cannot be written
// to schema 8.17, or a model.json whose content (not its JSON shape) cannot be turned back into a
// program — an unknown node name, an operator pt2js has no schema for, a subgraph of the wrong form.
import { SerdeError } from "../serde/errors.js";

export class SerializeError extends SerdeError {}
