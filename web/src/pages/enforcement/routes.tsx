/** The enforcement pages, mounted inside the signed-in layout by App. */
export const enforcementRoutes = <></>;
