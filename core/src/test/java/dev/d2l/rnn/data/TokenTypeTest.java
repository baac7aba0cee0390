package dev.d2l.rnn.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class TokenTypeTest {

    @Test
    void wordsSplitOnWhitespaceRunsLikePythonSplit() {
        // Python: "  the\ttime  machine \u00a0by\u3000wells ".split() == ['the', 'time', 'machine', 'by', 'wells']
        assertEquals(List.of("the", "time", "machine", "by", "wells"),
                TokenType.WORD.tokenize("  the\ttime  machine \u00a0by\u3000wells "));
        assertEquals(List.of(), TokenType.WORD.tokenize(""));
        assertEquals(List.of(), TokenType.WORD.tokenize("   "));
    }

    @Test
    void charsAreCodePointsWithSpacesAsTokens() {
        assertEquals(List.of("a", " ", "b"), TokenType.CHAR.tokenize("a b"));
        assertEquals(List.of(), TokenType.CHAR.tokenize(""));
    }

    @Test
    void cjkAndSupplementaryCharactersAreSingleTokens() {
        assertEquals(List.of("想", "要", "有"), TokenType.CHAR.tokenize("想要有"));
        List<String> clef = TokenType.CHAR.tokenize("a\uD834\uDD1Eb");
        assertEquals(List.of("a", "𝄞", "b"), clef);
        assertEquals(0x1D11E, clef.get(1).codePointAt(0));
        assertEquals(List.of("𝄞𝄞", "x"), TokenType.WORD.tokenize("𝄞𝄞 x"));
    }

    @Test
    void tokenizeKeepsOneListPerLine() {
        assertEquals(List.of(List.of("the", "time"), List.of(), List.of("machine")),
                TokenType.WORD.tokenize(List.of("the time", "", "machine")));
        assertEquals(List.of(List.of("a", "b"), List.of()), TokenType.CHAR.tokenize(List.of("ab", "")));
    }

    @Test
    void parseAcceptsAnyCaseAndNamesTheAllowedValues() {
        assertEquals(TokenType.WORD, TokenType.parse("word"));
        assertEquals(TokenType.CHAR, TokenType.parse("CHAR"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TokenType.parse("bpe"));
        assertEquals("Unknown token type 'bpe'; allowed: word, char", e.getMessage());
    }
}
