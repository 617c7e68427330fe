package io.wasmjava.regex;

/**
 * One node of a parsed pattern (Go's {@code syntax.Regexp}). Mutable only while the parser builds it.
 * {@link Op#LEFT_PAREN} and {@link Op#VERTICAL_BAR} exist only on the parser's stack.
 */
final class Node {
    enum Op {
        NO_MATCH, EMPTY_MATCH, LITERAL, CHAR_CLASS, ANY_CHAR_NOT_NL, ANY_CHAR,
        BEGIN_LINE, END_LINE, BEGIN_TEXT, END_TEXT, WORD_BOUNDARY, NO_WORD_BOUNDARY,
        CAPTURE, STAR, PLUS, QUEST, REPEAT, CONCAT, ALTERNATE,
        LEFT_PAREN, VERTICAL_BAR;

        boolean isPseudo() {
            return this == LEFT_PAREN || this == VERTICAL_BAR;
        }
    }

    final Op op;
    /** Parser flags in force where the node was written ({@link Parser#FOLD_CASE}, {@link Parser#NON_GREEDY}...). */
    int flags;
    /** LITERAL: the code point (the smallest of its fold orbit when folding). */
    int rune;
    /** CHAR_CLASS: canonical ranges. */
    int[] ranges;
    Node[] subs = new Node[0];
    /** REPEAT: {@code max} is -1 for no upper bound. */
    int min;
    int max;
    /** CAPTURE and LEFT_PAREN: group index (0 for a non-capturing LEFT_PAREN) and name (null if unnamed). */
    int cap;
    String name;
    /** Height of the tree rooted here; Go's nesting limit applies to it. */
    int height = 1;

    Node(Op op, int flags) {
        this.op = op;
        this.flags = flags;
    }

    Node withSubs(Node... subs) {
        this.subs = subs;
        int h = 0;
        for (Node sub : subs) {
            h = Math.max(h, sub.height);
        }
        height = h + 1;
        return this;
    }
}
