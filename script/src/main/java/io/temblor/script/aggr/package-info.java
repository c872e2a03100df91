/**
 * Tremor's aggregate functions ({@code aggr::stats::*}, {@code aggr::win::*}): one {@link
 * io.temblor.script.aggr.Aggregate} per group, window and call site, accumulating events' arguments, merging tilt
 * frames and emitting results into the event arena. Depends on the value model, the error types and
 * {@link io.temblor.script.runtime.ScriptError}; the runtime does not depend on it.
 */
package io.temblor.script.aggr;
