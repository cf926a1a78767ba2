export { placeholder } from "./placeholder";
