/** Hidden cases of the TensorFlow introduction notebook (see types.ts for the format). */
import { random } from "dnnlab";
import { tfjs } from "dnnlab/course/tensorflow";
import type { AssignmentGrading } from "./types";
import { FLOAT32, normalTensor, oneHotLabels, tfParameters } from "./inputs";

export const tensorflowIntroduction: AssignmentGrading = {
  linearFunction: {
    hidden: [
      {
        label: "called after other draws from random (the function must seed the generator itself)",
        args: () => {
          random.seed(7);
          random.randn(5, 5);
          return [];
        },
        compare: FLOAT32,
      },
    ],
  },
  sigmoid: {
    hidden: [...[2.5, -30, 0.001, 100].map((z) => ({ label: `z = ${z}`, args: () => [z], compare: FLOAT32 }))],
  },
  oneHotMatrix: {
    hidden: [
      { label: "label tf.scalar(5, 'int32'), default depth (6)", args: () => [tfjs().scalar(5, "int32")] },
      { label: "label [0], depth = 3", args: () => [[0], 3] },
      { label: "label 7 (a number), depth = 10", args: () => [7, 10] },
      { label: "label tf.tensor1d([4], 'int32'), depth = 6", args: () => [tfjs().tensor1d([4], "int32"), 6] },
    ],
  },
  initializeParameters: {
    hidden: [
      {
        // The public check tests shapes and statistics; this one the values:
        // Glorot normal with the seeds the cell gives (1 to 6).
        label: "the values: tf.initializers.glorotNormal with seed i + 1 for the i-th parameter",
        args: () => [],
        compare: FLOAT32,
      },
    ],
  },
  forwardPropagation: {
    hidden: [
      ...(
        [
          [1, [5, 4, 3, 2], 7],
          [2, [12288, 25, 12, 6], 3],
          [3, [3, 1, 1, 4], 1],
        ] as const
      ).map(([seed, sizes, m]) => ({
        label: `seed ${seed}, layers [${sizes.join(", ")}], X of shape (${sizes[0]}, ${m})`,
        args: () => {
          random.seed(seed);
          const parameters = tfParameters(sizes);
          return [normalTensor(sizes[0], m), parameters];
        },
        compare: FLOAT32,
      })),
    ],
  },
  computeCost: {
    hidden: [
      ...(
        [
          [1, 6, 1],
          [2, 6, 4],
          [3, 6, 9],
          [4, 3, 5],
        ] as const
      ).map(([seed, classes, m]) => ({
        label: `seed ${seed}, logits and one-hot labels of shape (${classes}, ${m})`,
        args: () => {
          random.seed(seed);
          const logits = normalTensor(classes, m, 2);
          return [logits, oneHotLabels(classes, m)];
        },
        compare: FLOAT32,
      })),
    ],
  },
};
