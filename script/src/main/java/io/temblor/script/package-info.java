/**
 * tremor-script: lexer, parser, compiler and zero-GC interpreter (issue 3). Depends on simd-json for the event tape
 * and on offheap for arenas.
 */
package io.temblor.script;
