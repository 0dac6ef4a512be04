// Errors of torch.export's front end, named as PyTorch names them so users and conformance tests
// can match PyTorch's error type.
import { GuardError, Pt2jsError } from "../core/errors.js";

/** torch._dynamo.exc.UserError: the user's export call is wrong (spec, inputs, constraints). */
export class UserError extends Pt2jsError {
  /** PyTorch's qualified error type, for comparing with the reference corpus. */
  static readonly pytorchType: string = "torch._dynamo.exc.UserError";
  constructor(
    message: string,
    readonly caseName?: string,
  ) {
    super(caseName === undefined ? message : withExportDbLink(message, caseName));
  }
}

/** Python's NotImplementedError (e.g. unsupported Dim arithmetic). */
export class NotImplementedError extends Pt2jsError {
  static readonly pytorchType: string = "builtins.NotImplementedError";
}

/** Python's ValueError. */
export class ValueError extends Pt2jsError {
  static readonly pytorchType: string = "builtins.ValueError";
}

/** Python's AssertionError, raised where PyTorch asserts on user input. */
export class AssertionError extends Pt2jsError {
  static readonly pytorchType: string = "builtins.AssertionError";
}

// torch/_dynamo/exc.py: a UserError with a case name points at the ExportDB entry.
function withExportDbLink(message: string, caseName: string): string {
  const sep = message.endsWith(".") ? " " : "\n";
  const anchor = caseName.replace(/_/g, "-");
  return `${message}${sep}For more information about this error, see: https://pytorch.org/docs/main/generated/exportdb/index.html#${anchor}`;
}

/** Python's IndexError (e.g. a dynamic_shapes dict naming a dimension the tensor lacks). */
export class IndexError extends Pt2jsError {
  static readonly pytorchType: string = "builtins.IndexError";
}

/** torch.fx.experimental.symbolic_shapes.GuardOnDataDependentSymNode: branching on a value that
 * depends on data (`if (x.sum().gt(0).item())`, a SymBool on an unbacked symbol). */
export class GuardOnDataDependentSymNode extends GuardError {
  static readonly pytorchType: string = "torch.fx.experimental.symbolic_shapes.GuardOnDataDependentSymNode";
}

/** torch._dynamo.exc.CondOpArgsMismatchError: the branches of torch.cond disagree on their outputs. */
export class CondOpArgsMismatchError extends Pt2jsError {
  static readonly pytorchType: string = "torch._dynamo.exc.CondOpArgsMismatchError";
}

/** torch._higher_order_ops.utils.UnsupportedAliasMutationException: a cond branch or map body
 * writes to one of its inputs in place. */
export class UnsupportedAliasMutationException extends Pt2jsError {
  static readonly pytorchType: string = "torch._higher_order_ops.utils.UnsupportedAliasMutationException";
}
