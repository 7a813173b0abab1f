Hola, me llamo {{caller.name}} y llamo desde {{caller.place}}. Llamo para darle las gracias a {{target.name}}, {{target.title}} de mi ciudad, por defender a los inmigrantes que viven en nuestra comunidad.

En mayo de 2018, la ciudad de Nueva York presentó un escrito amicus curiae en nombre de 21 ciudades y condados y de la Conferencia de Alcaldes de Estados Unidos en el caso United States v. California. El escrito defiende las leyes locales que protegen la información confidencial de los residentes inmigrantes, para que todas las personas puedan denunciar un delito, mandar a sus hijos a la escuela o ir al médico sin miedo.

Por favor, transmítale a {{target.name}} mi agradecimiento y dígale que espero que nuestra ciudad siga del lado de estas ciudades y condados, protegiendo la información confidencial de todos sus residentes. Muchas gracias.
