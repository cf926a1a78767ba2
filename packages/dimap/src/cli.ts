export const command = undefined;
