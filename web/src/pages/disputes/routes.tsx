/** The disputes pages, mounted inside the signed-in layout by App. */
export const disputeRoutes = <></>;
