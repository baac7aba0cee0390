package dev.d2l.rnn.serving;

import ai.djl.Model;
import ai.djl.nn.Block;
import ai.djl.nn.BlockFactory;
import dev.d2l.rnn.checkpoint.Checkpoint;
import dev.d2l.rnn.model.LanguageModel;
import dev.d2l.rnn.model.RNNModelScratch;
import java.nio.file.Path;
import java.util.Map;

/**
 * The block of a checkpoint folder loaded through DJL's {@code Criteria}, which finds this class
 * in the folder's {@code serving.properties}: the saved model rebuilt in the DJL model's manager
 * with its parameters. An {@code RNNModel} is its own block; the scratch RNN runs inside one.
 *
 * <p>Where the DJL model takes no block (TensorFlow's loads SavedModels only) it returns none,
 * and {@link TextGenerationTranslatorFactory} rebuilds the model itself.
 */
public final class CheckpointBlockFactory implements BlockFactory {

    private static final long serialVersionUID = 1L;

    @Override
    public Block newBlock(Model model, Path modelPath, Map<String, ?> arguments) {
        if (!takesBlocks(model)) {
            return null;
        }
        return block(Checkpoint.load(modelPath).newModel(model.getNDManager()));
    }

    static Block block(LanguageModel languageModel) {
        return languageModel instanceof Block block ? block : new ScratchBlock((RNNModelScratch) languageModel);
    }

    /** The model this library's block holds, or null for a block of another kind. */
    static LanguageModel languageModel(Block block) {
        if (block instanceof ScratchBlock scratch) {
            return scratch.model();
        }
        return block instanceof LanguageModel languageModel ? languageModel : null;
    }

    /** Asked of the fresh model, before DJL sets the block: setting none changes nothing there. */
    private static boolean takesBlocks(Model model) {
        try {
            model.setBlock(null);
            return true;
        } catch (UnsupportedOperationException e) {
            return false;
        }
    }
}
