/** The look of the small form controls in toolbars (inputs, selects); focus shows as a ring. */
export const FIELD =
  'h-7 rounded-md border border-zinc-300 bg-white px-2 text-xs outline-none focus:border-indigo-500 focus:ring-2 focus:ring-indigo-500/40 dark:border-zinc-600 dark:bg-zinc-900';
