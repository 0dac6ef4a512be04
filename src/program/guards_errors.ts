// Errors of `ep.module()`'s input checks, named after the Python exception PyTorch 2.11 raises
// (`pytorchType`), so users and the conformance tests can match type and text.
import { Pt2jsError } from "../core/errors.js";

/** A guard of the exported program failed: `torch._assert` raises AssertionError("Guard failed: ..."). */
export class GuardFailedError extends Pt2jsError {
  static readonly pytorchType: string = "builtins.AssertionError";
}

/** The inputs do not have the exported input tree spec (ValueError from `_check_inputs_match`). */
export class InputTreeSpecError extends Pt2jsError {
  static readonly pytorchType: string = "builtins.ValueError";
}

/** An input violates the program's shape constraints (`_check_input_constraints_for_graph`, used with check_guards=false). */
export class InputConstraintError extends Pt2jsError {
  static readonly pytorchType: string = "builtins.RuntimeError";
}

/** Guard code indexed past the end of a tuple, e.g. `x.size()[1]` of a 1-d input (Python's IndexError). */
export class GuardIndexError extends Pt2jsError {
  static readonly pytorchType: string = "builtins.IndexError";
}

/** Guard code asked an input for something it lacks, e.g. `.size()` of an int (Python's AttributeError). */
export class GuardAttributeError extends Pt2jsError {
  static readonly pytorchType: string = "builtins.AttributeError";
}

/** Guard code pt2js cannot read (a guard string outside the Python subset guards are written in). */
export class GuardSyntaxError extends Pt2jsError {
  static readonly pytorchType: string = "builtins.SyntaxError";
}
