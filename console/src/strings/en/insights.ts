/** Usage & insights: the dashboards. */
export const insights = {
  title: 'Usage & insights',
};
