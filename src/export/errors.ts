// Errors of torch.export's front end, named as PyTorch names them so users and conformance tests
// can match PyTorch's error type.
import { Pt2jsError } from "../core/errors.js";

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
