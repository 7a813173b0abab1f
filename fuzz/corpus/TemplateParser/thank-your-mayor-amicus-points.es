1. El 18 de mayo de 2018, la ciudad de Nueva York, junto con una coalición de otras 20 ciudades y condados de todo el país y la Conferencia de Alcaldes de Estados Unidos, presentó un escrito amicus curiae en el caso *United States v. California*.
2. La demanda del gobierno de Trump busca anular tres leyes estatales de California. Entre otras cosas, exige un mayor acceso a la información confidencial que los gobiernos estatales y locales recopilan de los residentes inmigrantes al prestar servicios a todos los residentes.
3. El escrito respalda el esfuerzo de California por limitar la información que entrega: revelarla minaría la confianza que se ha construido con los residentes, incluidas las comunidades inmigrantes vulnerables, y que es necesaria para proteger la seguridad y la salud de todos los residentes.

“Seattle y todas las ciudades acogedoras de Estados Unidos tenemos de nuestro lado tanto la ley como la justicia”. — **Jenny Durkan, alcaldesa de Seattle**

“Como líderes municipales, nuestro trabajo —y nuestro compromiso— es atender de manera equitativa a cada residente, sin importar su estatus migratorio”. — **Allan Ekberg, alcalde de Tukwila**

El comunicado cita a funcionarios de Nueva York, Chicago, Filadelfia, Seattle, Madison, Burlington y Tukwila, y de la Conferencia de Alcaldes de Estados Unidos, pero no enumera las 21 jurisdicciones. Si no sabes con certeza que tu ciudad se sumó al escrito, no lo afirmes: dale las gracias a tu alcalde o alcaldesa por proteger a los residentes inmigrantes.
