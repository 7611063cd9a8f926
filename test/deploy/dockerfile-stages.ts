import { readFileSync } from 'node:fs';

/** One build stage of a Dockerfile: its name and its instructions, continuation lines joined. */
export interface DockerStage {
  readonly name: string;
  readonly from: string;
  readonly instructions: readonly { readonly keyword: string; readonly args: string }[];
}

/** Splits a Dockerfile into stages; enough grammar for the files this repository writes. */
export function readDockerStages(file: string): DockerStage[] {
  const logical = readFileSync(file, 'utf8')
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'));
  const stages: { name: string; from: string; instructions: { keyword: string; args: string }[] }[] = [];
  for (const line of logical) {
    const [keyword = '', ...rest] = line.split(/\s+/);
    const args = rest.join(' ');
    if (keyword.toUpperCase() === 'FROM') {
      const named = /^(\S+)\s+AS\s+(\S+)$/i.exec(args);
      stages.push({ name: named?.[2] ?? String(stages.length), from: named?.[1] ?? args, instructions: [] });
    } else {
      stages.at(-1)?.instructions.push({ keyword: keyword.toUpperCase(), args });
    }
  }
  return stages;
}

/** The shell commands of a stage's RUN instructions, each `a && b` split into its commands. */
export function runCommands(stage: DockerStage): string[] {
  return stage.instructions
    .filter((i) => i.keyword === 'RUN')
    .flatMap((i) => i.args.split('&&'))
    .map((command) => command.trim().replace(/\s+/g, ' '));
}
