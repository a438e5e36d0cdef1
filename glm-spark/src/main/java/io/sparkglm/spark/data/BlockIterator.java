package io.sparkglm.spark.data;

import io.sparkglm.core.data.Block;
import io.sparkglm.core.data.BlockBuilder;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * Packs one partition's rows into blocks of at most {@code blockRows} rows: a block is emitted when full,
 * and the last partial block at the end; an empty partition yields no blocks. Rows are pulled lazily, so
 * a partition is never held twice in memory.
 */
final class BlockIterator implements Iterator<Block> {
  private final RowSource source;
  private final BlockBuilder builder;
  private final RowBuffer row = new RowBuffer();
  private boolean exhausted;

  BlockIterator(RowSource source, int numFeatures, int blockRows, boolean hasWeights, boolean hasOffsets) {
    this.source = source;
    this.builder = new BlockBuilder(numFeatures, blockRows, hasWeights, hasOffsets);
  }

  @Override
  public boolean hasNext() {
    while (!exhausted && !builder.isFull()) {
      if (source.next(row)) {
        row.addTo(builder);
      } else {
        exhausted = true;
      }
    }
    return builder.numRows() > 0;
  }

  @Override
  public Block next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    return builder.build();
  }
}
