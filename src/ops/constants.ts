// Values that appear verbatim in traced graphs.

/** Python's sys.maxsize: the stop of an open slice (`x[1:]` → slice(x, 0, 1, 9223372036854775807)).
 * A bigint because the exact value is printed and serialized. */
export const INT64_MAX = 9223372036854775807n;
