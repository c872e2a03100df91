/**
 * Regular expressions with the syntax and semantics of Rust's {@code regex} crate (what tremor-script uses), run on
 * RE2/J, whose automata match in time linear in the input: {@link io.temblor.script.regex.Regex} translates a pattern
 * once at compile time and offers Tremor's operations (find, captures, replace, split). Depends only on RE2/J.
 */
package io.temblor.script.regex;
