import { describe, expect, it } from "vitest";
import { placeholder } from "../src/index";

describe("placeholder", () => {
  it("names the package", () => {
    expect(placeholder()).toBe("@wc/nn");
  });
});
