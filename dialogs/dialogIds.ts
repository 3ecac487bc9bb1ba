/** Dialog ids in one place, so no id literal is repeated across files. */
export const DialogIds = {
  main: 'mainDialog',
  mainWaterfall: 'mainDialog.waterfall',
  language: 'languageDialog',
  guidedSearch: 'guidedSearchDialog',
  handoff: 'handoffDialog',
  deleteData: 'deleteDataDialog',
} as const;
