/**
 * Structured logs: one record per line on standard error, logfmt or JSON. No dependency; any package may log.
 */
package io.temblor.engine.log;
