// A user's own module: what an application on the module path sees of parallel4j.
module org.example.consumer {
    requires org.parallel4j;
    exports org.example.consumer; // worker JVMs load the pool's task class from here
}
