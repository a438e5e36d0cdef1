package io.sparkglm.core.data;

import java.io.Serializable;

/** What labels a model accepts: loaders check every label with it and name the row of a bad one. */
public interface LabelValidator extends Serializable {
  /** Whether {@code y} lies in the domain. */
  boolean isValidLabel(double y);

  /** The domain in words, for error messages, e.g. {@code "{0, 1} or a proportion in [0, 1]"}. */
  String labelDomain();

  /** A validator accepting every finite label. */
  static LabelValidator anyFinite() {
    return new LabelValidator() {
      private static final long serialVersionUID = 1L;

      @Override
      public boolean isValidLabel(double y) {
        return Double.isFinite(y);
      }

      @Override
      public String labelDomain() {
        return "any finite number";
      }
    };
  }
}
