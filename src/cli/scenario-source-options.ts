/**
 * yargs options of the two ways `run` and `sim` take their scenario in (scenario-source.ts
 * reads them); apart from it so the command tables load without the scenario loader.
 */
export const SCENARIO_SOURCE_OPTIONS = {
  from: {
    type: 'string',
    describe:
      'replay the resolved scenario of a result directory (results/<id>/) instead of a scenario file; overrides still apply',
  },
} as const;
