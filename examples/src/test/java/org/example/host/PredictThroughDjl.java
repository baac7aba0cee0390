package org.example.host;

import ai.djl.inference.Predictor;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.translate.DeferredTranslatorFactory;
import java.nio.file.Path;

/**
 * A program that calls DJL only, run in a JVM of its own: {@code PredictThroughDjl DIR ENGINE
 * LENGTH PREFIX} prints the continuation of PREFIX by the model in DIR.
 */
public final class PredictThroughDjl {

    private PredictThroughDjl() {}

    public static void main(String[] args) throws Exception {
        Criteria<String, String> criteria = Criteria.builder()
                .setTypes(String.class, String.class)
                .optModelPath(Path.of(args[0]))
                .optTranslatorFactory(new DeferredTranslatorFactory())
                .optEngine(args[1])
                .optArgument("length", Integer.parseInt(args[2]))
                .build();
        try (ZooModel<String, String> model = criteria.loadModel();
                Predictor<String, String> predictor = model.newPredictor()) {
            System.out.println(predictor.predict(args[3]));
        }
    }
}
