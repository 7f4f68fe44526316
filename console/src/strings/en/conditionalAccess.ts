/** Conditional Access: policies, the editor, What If, impact, named locations. */
export const conditionalAccess = {
  title: 'Conditional Access',
};
