package io.temblor.script.ast;

import java.util.List;

import io.temblor.script.error.Span;

/**
 * A parsed script or module file: its module comment and its statements in order.
 *
 * @param doc        the {@code ###} module comment lines.
 * @param statements the statements.
 * @param span       source range.
 */
public record Script(List<String> doc, List<Stmt> statements, Span span) implements Node
{
}
