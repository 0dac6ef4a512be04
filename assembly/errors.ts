// Errors the core reports to TypeScript. A trap would leave the instance unusable, so
// functions that can fail on user input record an error here and return a sentinel;
// src/core turns the record into a typed JavaScript error.

/** Error codes; src/core/errors.ts maps each to an error class. */
export const enum ErrorCode {
  None = 0,
  Overflow = 1,
  ZeroDivision = 2,
  UnknownSymbol = 3,
  Parse = 4,
  InvalidArgument = 5,
  GraphError = 6,
  GuardError = 7,
  ConstraintViolation = 8,
}

let errorCode: i32 = ErrorCode.None;
let errorMessage: string = "";

/** Records an error; the caller then returns its sentinel value. */
export function raise(code: ErrorCode, message: string): void {
  if (errorCode == ErrorCode.None) {
    errorCode = code;
    errorMessage = message;
  }
}

export function hasError(): bool {
  return errorCode != ErrorCode.None;
}

/** The pending error's code, 0 when none. */
export function lastErrorCode(): i32 {
  return errorCode;
}

/** The pending error's message; reading it clears the error. */
export function takeErrorMessage(): string {
  const message = errorMessage;
  errorCode = ErrorCode.None;
  errorMessage = "";
  return message;
}
