/**
 * Tremor's standard library functions ({@code std::*}, {@code tremor::*}) as {@link io.temblor.script.runtime.Builtin}
 * implementations, bound to {@code intrinsic fn} declarations by name. Depends on runtime, the value model and
 * {@code regex}.
 */
package io.temblor.script.stdlib;
