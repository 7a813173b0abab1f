{{! Guion de llamada. Los marcadores son los mismos que en script.en.md. }}
Hola, me llamo {{caller.name}} y vivo en {{caller.place}}.

Llamo para pedirle a {{target.title}} {{target.name}} que …

Gracias por su tiempo.
