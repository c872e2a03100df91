/**
 * Phase 2 of the tremor-script front end: a hand-written recursive-descent parser with Tremor's operator precedence,
 * turning tokens into the raw AST. Depends on {@code lexer}, {@code ast} and {@code error}.
 */
package io.temblor.script.parser;
