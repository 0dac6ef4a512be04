// Typed errors of the pytree layer (Python raises ValueError / TypeError / NotImplementedError).
import { Pt2jsError } from "../core/errors.js";

/** Base class of pytree errors. */
export class PytreeError extends Pt2jsError {}

/** A tree does not match a TreeSpec (Python: ValueError "Node arity mismatch" ...). */
export class TreeSpecMismatchError extends PytreeError {}

/** A TreeSpec cannot be serialized or deserialized (unregistered type, bad JSON, unknown protocol). */
export class TreeSpecSerializationError extends PytreeError {}

/** A node type registration is invalid (already registered, missing callbacks). */
export class PytreeRegistrationError extends PytreeError {}
