// Typed errors raised when the core reports a failure. Only the classes live here, so that
// src/index.ts can re-export the whole module as the public error list; the mapping from the
// core's error codes is in check.ts.

/** Base class of every error pt2js raises on purpose. */
export class Pt2jsError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

/** The WASM core could not be loaded or was used before loading. */
export class CoreError extends Pt2jsError {}

/** Integer arithmetic left the exact range (i64 in the core). */
export class OverflowError extends Pt2jsError {}
/** Division or modulo by zero (Python's ZeroDivisionError). */
export class ZeroDivisionError extends Pt2jsError {}
/** An expression names a symbol the shape environment does not know. */
export class UnknownSymbolError extends Pt2jsError {}
/** A symbolic expression string (srepr or str form) could not be parsed. */
export class ExprParseError extends Pt2jsError {}
/** An argument outside what the core accepts. */
export class InvalidArgumentError extends Pt2jsError {}
/** A graph edit that would break the graph's invariants. */
export class GraphError extends Pt2jsError {}
/** A guard could not be decided (e.g. data-dependent). */
export class GuardError extends Pt2jsError {}
/** The user's dynamic shapes contradict the guards the model needs. */
export class ConstraintViolationError extends Pt2jsError {}
