/** Identity Protection: risky users, risk detections, risky sign-ins, threat lists, smart lockout. */
export const identityProtection = {
  title: 'Identity Protection',
};
