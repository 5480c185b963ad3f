/** Search, the trusted-seller list, public shop profiles and training; mounted by App. */

/** Pages anyone may open without signing in. */
export const publicVisibilityRoutes = <></>;

/** Pages inside the signed-in layout. */
export const visibilityRoutes = <></>;
