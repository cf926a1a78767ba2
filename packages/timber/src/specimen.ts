/** The five on-site measurements of one specimen; size and grain orientation may be numeric or categorical. */
export interface SpecimenFeatures {
  /** Density (kg/m^3). */
  density: number;
  /** Moisture content (%). */
  moistureContent: number;
  /** Specimen size (a number such as cross-section area, or a size class label). */
  size: number | string;
  /** Grain orientation (an angle, or a label such as "parallel"). */
  grainOrientation: number | string;
  /** Surface hardness (e.g. Janka or Brinell reading). */
  hardness: number;
}

/** One tested specimen: bending results and field features. */
export interface Specimen {
  /** Identifier. */
  id: string;
  /** Exposure regime or batch, e.g. "control", "1-cycle", "n-cycles". */
  group?: string;
  /** Flexural modulus of elasticity E (N/mm^2) from the bending test. */
  modulus: number;
  /** Maximum load F_max (N) from the bending test. */
  maxLoad: number;
  /** Field features (needed for the classifier, not for the residual metric). */
  features?: SpecimenFeatures;
}

/** Control reference values: mean modulus and mean maximum load of unexposed specimens. */
export interface ControlReference {
  modulus: number;
  maxLoad: number;
}
