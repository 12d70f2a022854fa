package io.reviewflow.domain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ScoreTextTest {

    @ParameterizedTest(name = "[{0}] -> score [{1}], label [{2}]")
    @CsvSource(delimiter = '|', nullValues = "NULL", value = {
            "60% CHILLIN            | 60%             | CHILLIN",
            "'60 %'                 | 60 %            | NULL",
            "★★½ MEH                | ★★½             | MEH",
            "★★★☆☆                  | ★★★☆☆           | NULL",
            "4/5 BINGE IT           | 4/5             | BINGE IT",
            "4/5 stars BINGE IT     | 4/5 stars       | BINGE IT",
            "7,5 out of 10 MUST WATCH | 7,5 out of 10 | MUST WATCH",
            "3.5 stars              | 3.5 stars       | NULL",
            "12/10 LEGENDARY        | 12/10           | LEGENDARY",
            "B-                     | B-              | NULL",
            "A− Universal acclaim   | A−              | Universal acclaim",
            "thumbs up              | thumbs up       | NULL",
            "Thumbs Down HARD PASS  | Thumbs Down     | HARD PASS",
            "-3/10                  | -3/10           | NULL",
            "−1/10 MEH              | −1/10           | MEH",
            "–2 ⁄ 10                | –2 ⁄ 10         | NULL",
            "7/-10                  | 7/-10           | NULL",
            "great                  | great           | NULL",
            "Bad movie              | Bad movie       | NULL",
    })
    void splitsScoreFromLabel(String value, String score, String label) {
        ScoreText.Split split = ScoreText.split(value);
        assertEquals(score, split.score());
        assertEquals(label, split.label());
    }
}
