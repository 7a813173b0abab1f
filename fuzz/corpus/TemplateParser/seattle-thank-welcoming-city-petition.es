Alcaldesa Durkan y concejala González:

Gracias por apoyar a las comunidades inmigrantes y refugiadas de Seattle.

Gracias por la directiva de la Alcaldía que establece "un proceso claro para todas y cada una de las solicitudes de las autoridades de ICE a la Ciudad de Seattle". La directiva es clara: "Todas las solicitudes de ICE a cualquier departamento de la Ciudad deben dirigirse a la asesoría jurídica de la Oficina de la Alcaldesa, en coordinación con la Oficina del Fiscal Municipal, para evaluar con más detalle la procedencia de la solicitud". Eso incluye "el acceso a áreas no públicas de los edificios y recintos de la Ciudad, así como las solicitudes de datos o información sobre empleados, residentes o trabajadores de la Ciudad".

Gracias también por la evaluación de las políticas y prácticas de la Ciudad que se está realizando en coordinación con el Concejo Municipal, "incluidos, entre otros, el empleo, la aplicación de la ley, la seguridad pública, la tecnología de la información y la prestación de servicios sociales".

Les pedimos que mantengan los datos de nuestros residentes fuera del alcance de ICE. Como dice la carta de la Alcaldesa, "todos los residentes, sin importar su estatus, deberían poder realizar actividades cotidianas como llamar al 9-1-1, visitar la biblioteca o acceder a los servicios de nuestra Ciudad sabiendo que están protegidos".
