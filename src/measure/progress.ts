/** Where runners report what they are doing; the CLI prints it to stderr, the action to the log. */
export type Progress = (line: string) => void;

export const silent: Progress = () => {};
