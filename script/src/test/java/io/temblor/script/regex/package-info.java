/**
 * Tests of the Rust-syntax regex layer on RE2/J: translation, errors, matching semantics and the linear-time bound.
 */
package io.temblor.script.regex;
