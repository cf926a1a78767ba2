import { Rng, WcError } from "@wc/tensor";
import { BatchNorm2d, Conv2d, Linear, Module, Sequential, add, mean, relu, type Var, ModuleList } from "@wc/nn";
import { asImages } from "./image-input";

/** Options of {@link ResNet}. */
export interface ResNetOptions {
  /** Input channels; default 1. */
  inChannels?: number;
  /** Input height and width; default 8 (the digits images). */
  imageSize?: number;
  /** Output classes; default 10. */
  numClasses?: number;
  /** Channels per stage; default [16, 32, 64] (the CIFAR ResNets of He et al.). */
  widths?: readonly number[];
  /** Basic blocks per stage; default [1, 1, 1] (ResNet-8); [3, 3, 3] is ResNet-20. */
  depths?: readonly number[];
  /** Seed of the initial weights; default 0. */
  seed?: number;
}

/**
 * A basic residual block: conv3x3-BN-ReLU-conv3x3-BN plus the shortcut (a 1x1 conv + BN
 * `downsample` when the shape changes), then ReLU. torchvision names: `conv1`, `bn1`, `conv2`,
 * `bn2`, `downsample.0`, `downsample.1`.
 */
export class BasicBlock extends Module {
  readonly conv1: Conv2d;
  readonly bn1: BatchNorm2d;
  readonly conv2: Conv2d;
  readonly bn2: BatchNorm2d;
  readonly downsample: Sequential | null;
  /**
   * @param cin - input channels
   * @param cout - output channels
   * @param stride - stride of the first conv (2 halves the resolution)
   * @param rng - initialiser
   */
  constructor(cin: number, cout: number, stride: number, rng: Rng) {
    super();
    this.conv1 = this.registerModule("conv1", new Conv2d(cin, cout, 3, { stride, padding: 1, bias: false, rng }));
    this.bn1 = this.registerModule("bn1", new BatchNorm2d(cout));
    this.conv2 = this.registerModule("conv2", new Conv2d(cout, cout, 3, { padding: 1, bias: false, rng }));
    this.bn2 = this.registerModule("bn2", new BatchNorm2d(cout));
    this.downsample =
      stride !== 1 || cin !== cout
        ? this.registerModule("downsample", new Sequential(new Conv2d(cin, cout, 1, { stride, bias: false, rng }), new BatchNorm2d(cout)))
        : null;
  }
  forward(x: Var): Var {
    const h = this.bn2.call(this.conv2.call(relu(this.bn1.call(this.conv1.call(x)))));
    return relu(add(h, this.downsample ? this.downsample.call(x) : x));
  }
}

/**
 * A small ResNet for small images (the CIFAR-style ResNet-8/20 of He et al. 2016): a 3x3 stem conv
 * with BatchNorm, stages of {@link BasicBlock}s (the first block of every stage after the first
 * halves the resolution), global average pooling and a linear classifier. torchvision/timm names:
 * `conv1`, `bn1`, `layer1.0.conv1`, ..., `fc`. Takes `[B, C, H, W]` or flat `[B, C*H*W]` rows.
 * @example
 * const net = new ResNet({ imageSize: 8, numClasses: 10 }); net.call(x); // logits [B, 10]
 */
export class ResNet extends Module {
  readonly conv1: Conv2d;
  readonly bn1: BatchNorm2d;
  readonly stages: readonly ModuleList<BasicBlock>[];
  readonly fc: Linear;
  private readonly inChannels: number;
  private readonly imageSize: number;
  /**
   * @param options - see {@link ResNetOptions}
   * @throws {WcError} `E_ARGUMENT` when `widths` and `depths` differ in length or are empty;
   *   `E_RANGE` for non-positive sizes.
   */
  constructor(options: ResNetOptions = {}) {
    super();
    const widths = options.widths ?? [16, 32, 64];
    const depths = options.depths ?? [1, 1, 1];
    if (widths.length === 0 || widths.length !== depths.length) {
      throw new WcError("E_ARGUMENT", `ResNet: widths (${widths.length}) and depths (${depths.length}) must be non-empty and equally long`);
    }
    if (depths.some((d) => !Number.isInteger(d) || d < 1)) throw new WcError("E_RANGE", `ResNet: depths must be positive integers, got [${depths.join(", ")}]`);
    this.inChannels = options.inChannels ?? 1;
    this.imageSize = options.imageSize ?? 8;
    const rng = new Rng(options.seed ?? 0);
    this.conv1 = this.registerModule("conv1", new Conv2d(this.inChannels, widths[0]!, 3, { padding: 1, bias: false, rng }));
    this.bn1 = this.registerModule("bn1", new BatchNorm2d(widths[0]!));
    let cin = widths[0]!;
    this.stages = widths.map((w, s) => {
      const blocks = Array.from({ length: depths[s]! }, (_, b) => {
        const blk = new BasicBlock(cin, w, s > 0 && b === 0 ? 2 : 1, rng);
        cin = w;
        return blk;
      });
      return this.registerModule(`layer${s + 1}`, new ModuleList(blocks));
    });
    this.fc = this.registerModule("fc", new Linear(cin, options.numClasses ?? 10, { rng }));
  }
  /** Logits `[B, classes]`. */
  forward(x: Var): Var {
    let h = relu(this.bn1.call(this.conv1.call(asImages(x, this.inChannels, this.imageSize, this.imageSize, "ResNet"))));
    for (const st of this.stages) for (const b of st.items) h = b.call(h);
    return this.fc.call(mean(h, { axis: [2, 3] }));
  }
}
