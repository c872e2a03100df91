/**
 * The raw abstract syntax tree, exactly as parsed and before any name resolution: immutable records under sealed
 * interfaces. Depends only on {@code io.temblor.script.error} for source spans.
 */
package io.temblor.script.ast;
