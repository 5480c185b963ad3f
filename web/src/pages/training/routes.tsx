/** Seller training (modules, quizzes) and its staff pages; mounted inside the signed-in layout by App. */
export const trainingRoutes = <></>;
