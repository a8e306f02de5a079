package dev.rectifier.tensor;

/** Thrown when the shapes of matrices given to an operation do not fit together. */
public final class MatrixDimensionException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates the exception for {@code operation}, naming the shape it expected and the one it got.
   */
  public MatrixDimensionException(String operation, String expectedShape, String actualShape) {
    super(operation + ": expected shape " + expectedShape + ", got " + actualShape);
  }
}
