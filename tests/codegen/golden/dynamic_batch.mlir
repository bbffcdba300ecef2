// ---- kernel0: r1:ccc
func.func @kernel0(%begin: i64, %end: i64, %bufs: !llvm.ptr, %geo: !llvm.ptr) {
  %c0 = arith.constant 0 : i64
  %c1 = arith.constant 1 : i64
  %cw16 = arith.constant 16 : i64
  %cw64 = arith.constant 64 : i64
  %v0 = llvm.getelementptr %geo[0] : (!llvm.ptr) -> !llvm.ptr, i64
  %len_all = llvm.load %v0 : !llvm.ptr -> i64
  %v1 = llvm.getelementptr %geo[1] : (!llvm.ptr) -> !llvm.ptr, i64
  %tile = llvm.load %v1 : !llvm.ptr -> i64
  %v2 = llvm.getelementptr %geo[2] : (!llvm.ptr) -> !llvm.ptr, i64
  %tiles = llvm.load %v2 : !llvm.ptr -> i64
  %v3 = llvm.getelementptr %geo[3] : (!llvm.ptr) -> !llvm.ptr, i64
  %size0 = llvm.load %v3 : !llvm.ptr -> i64
  %bp0 = llvm.getelementptr %bufs[0] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr0 = llvm.load %bp0 : !llvm.ptr -> !llvm.ptr
  %v4 = llvm.getelementptr %geo[4] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride0 = llvm.load %v4 : !llvm.ptr -> i64
  %v5 = llvm.getelementptr %geo[5] : (!llvm.ptr) -> !llvm.ptr, i64
  %ostride0_0 = llvm.load %v5 : !llvm.ptr -> i64
  %bp1 = llvm.getelementptr %bufs[1] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr1 = llvm.load %bp1 : !llvm.ptr -> !llvm.ptr
  %v6 = llvm.getelementptr %geo[6] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride1 = llvm.load %v6 : !llvm.ptr -> i64
  %v7 = llvm.getelementptr %geo[7] : (!llvm.ptr) -> !llvm.ptr, i64
  %ostride1_0 = llvm.load %v7 : !llvm.ptr -> i64
  %bp2 = llvm.getelementptr %bufs[2] : (!llvm.ptr) -> !llvm.ptr, !llvm.ptr
  %ptr2 = llvm.load %bp2 : !llvm.ptr -> !llvm.ptr
  %v8 = llvm.getelementptr %geo[8] : (!llvm.ptr) -> !llvm.ptr, i64
  %istride2 = llvm.load %v8 : !llvm.ptr -> i64
  %v9 = llvm.getelementptr %geo[9] : (!llvm.ptr) -> !llvm.ptr, i64
  %ostride2_0 = llvm.load %v9 : !llvm.ptr -> i64
  scf.for %row = %begin to %end step %c1 : i64 {
    %t = arith.remsi %row, %tiles : i64
    %r1 = arith.divsi %row, %tiles : i64
    %i0 = arith.remsi %r1, %size0 : i64
    %r0 = arith.divsi %r1, %size0 : i64
    %tstart = arith.muli %t, %tile : i64
    %left = arith.subi %len_all, %tstart : i64
    %len = arith.minsi %left, %tile : i64
    %lrem64 = arith.remsi %len, %cw64 : i64
    %vend64 = arith.subi %len, %lrem64 : i64
    %lrem16 = arith.remsi %len, %cw16 : i64
    %vend16 = arith.subi %len, %lrem16 : i64
    %tb0 = arith.muli %tstart, %istride0 : i64
    %ob0_0 = arith.muli %i0, %ostride0_0 : i64
    %base0_0 = arith.addi %tb0, %ob0_0 : i64
    %base0 = arith.addi %base0_0, %c0 : i64
    %tb1 = arith.muli %tstart, %istride1 : i64
    %ob1_0 = arith.muli %i0, %ostride1_0 : i64
    %base1_0 = arith.addi %tb1, %ob1_0 : i64
    %base1 = arith.addi %base1_0, %c0 : i64
    %tb2 = arith.muli %tstart, %istride2 : i64
    %ob2_0 = arith.muli %i0, %ostride2_0 : i64
    %base2_0 = arith.addi %tb2, %ob2_0 : i64
    %base2 = arith.addi %base2_0, %c0 : i64
    %v10 = arith.constant 0xFF800000 : f32
    %v11 = vector.broadcast %v10 : f32 to vector<64xf32>
    %v14 = arith.constant dense<false> : vector<64xi1>
    %v13:2 = scf.for %v12 = %c0 to %vend64 step %cw64 iter_args(%v12_acc0 = %v11, %v12_nan0 = %v14) -> (vector<64xf32>, vector<64xi1>) : i64 {
      %v16 = arith.addi %base0, %v12 : i64
      %v17 = llvm.getelementptr %ptr0[%v16] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v15 = llvm.load %v17 {alignment = 4 : i64} : !llvm.ptr -> vector<64xf32>
      %v19 = arith.addi %base1, %v12 : i64
      %v20 = llvm.getelementptr %ptr1[%v19] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v18 = llvm.load %v20 {alignment = 4 : i64} : !llvm.ptr -> vector<64xf32>
      %v21 = arith.mulf %v15, %v18 fastmath<contract> : vector<64xf32>
      %v23 = arith.cmpf ogt, %v21, %v12_acc0 : vector<64xf32>
      %v24 = arith.cmpf uno, %v21, %v21 : vector<64xf32>
      %v22 = arith.select %v23, %v21, %v12_acc0 : vector<64xi1>, vector<64xf32>
      %v25 = arith.ori %v12_nan0, %v24 : vector<64xi1>
      scf.yield %v22, %v25 : vector<64xf32>, vector<64xi1>
    }
    %v26 = arith.constant 0x7FC00000 : f32
    %v27 = vector.broadcast %v26 : f32 to vector<64xf32>
    %v28 = arith.select %v13#1, %v27, %v13#0 : vector<64xi1>, vector<64xf32>
    %v29 = vector.reduction <maximumf>, %v28 : vector<64xf32> into f32
    %v30 = arith.maximumf %v10, %v29 : f32
    %v31 = vector.broadcast %v10 : f32 to vector<16xf32>
    %v34 = arith.constant dense<false> : vector<16xi1>
    %v33:2 = scf.for %v32 = %vend64 to %vend16 step %cw16 iter_args(%v32_acc0 = %v31, %v32_nan0 = %v34) -> (vector<16xf32>, vector<16xi1>) : i64 {
      %v36 = arith.addi %base0, %v32 : i64
      %v37 = llvm.getelementptr %ptr0[%v36] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v35 = llvm.load %v37 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v39 = arith.addi %base1, %v32 : i64
      %v40 = llvm.getelementptr %ptr1[%v39] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v38 = llvm.load %v40 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v41 = arith.mulf %v35, %v38 fastmath<contract> : vector<16xf32>
      %v43 = arith.cmpf ogt, %v41, %v32_acc0 : vector<16xf32>
      %v44 = arith.cmpf uno, %v41, %v41 : vector<16xf32>
      %v42 = arith.select %v43, %v41, %v32_acc0 : vector<16xi1>, vector<16xf32>
      %v45 = arith.ori %v32_nan0, %v44 : vector<16xi1>
      scf.yield %v42, %v45 : vector<16xf32>, vector<16xi1>
    }
    %v46 = arith.constant 0x7FC00000 : f32
    %v47 = vector.broadcast %v46 : f32 to vector<16xf32>
    %v48 = arith.select %v33#1, %v47, %v33#0 : vector<16xi1>, vector<16xf32>
    %v49 = vector.reduction <maximumf>, %v48 : vector<16xf32> into f32
    %v50 = arith.maximumf %v30, %v49 : f32
    %v52:1 = scf.for %v51 = %vend16 to %len step %c1 iter_args(%v51_acc0 = %v50) -> (f32) : i64 {
      %v54 = arith.addi %base0, %v51 : i64
      %v55 = llvm.getelementptr %ptr0[%v54] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v53 = llvm.load %v55 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v57 = arith.addi %base1, %v51 : i64
      %v58 = llvm.getelementptr %ptr1[%v57] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v56 = llvm.load %v58 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v59 = arith.mulf %v53, %v56 fastmath<contract> : f32
      %v61 = arith.cmpf ogt, %v59, %v51_acc0 : f32
      %v62 = arith.cmpf uno, %v59, %v59 : f32
      %v63 = arith.select %v61, %v59, %v51_acc0 : f32
      %v60 = arith.select %v62, %v59, %v63 : f32
      scf.yield %v60 : f32
    }
    %v64 = arith.constant 0x00000000 : f32
    %v65 = vector.broadcast %v64 : f32 to vector<64xf32>
    %v67:1 = scf.for %v66 = %c0 to %vend64 step %cw64 iter_args(%v66_acc0 = %v65) -> (vector<64xf32>) : i64 {
      %v69 = arith.addi %base0, %v66 : i64
      %v70 = llvm.getelementptr %ptr0[%v69] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v68 = llvm.load %v70 {alignment = 4 : i64} : !llvm.ptr -> vector<64xf32>
      %v72 = arith.addi %base1, %v66 : i64
      %v73 = llvm.getelementptr %ptr1[%v72] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v71 = llvm.load %v73 {alignment = 4 : i64} : !llvm.ptr -> vector<64xf32>
      %v74 = arith.mulf %v68, %v71 fastmath<contract> : vector<64xf32>
      %v75 = vector.broadcast %v52#0 : f32 to vector<64xf32>
      %v76 = arith.subf %v74, %v75 fastmath<contract> : vector<64xf32>
      %v77 = math.exp %v76 : vector<64xf32>
      %v78 = arith.addf %v66_acc0, %v77 fastmath<contract> : vector<64xf32>
      %v79 = arith.addi %base2, %v66 : i64
      %v80 = llvm.getelementptr %ptr2[%v79] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v77, %v80 {alignment = 4 : i64} : vector<64xf32>, !llvm.ptr
      scf.yield %v78 : vector<64xf32>
    }
    %v81 = vector.reduction <add>, %v67#0 fastmath<reassoc> : vector<64xf32> into f32
    %v82 = arith.addf %v64, %v81 : f32
    %v83 = vector.broadcast %v64 : f32 to vector<16xf32>
    %v85:1 = scf.for %v84 = %vend64 to %vend16 step %cw16 iter_args(%v84_acc0 = %v83) -> (vector<16xf32>) : i64 {
      %v87 = arith.addi %base0, %v84 : i64
      %v88 = llvm.getelementptr %ptr0[%v87] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v86 = llvm.load %v88 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v90 = arith.addi %base1, %v84 : i64
      %v91 = llvm.getelementptr %ptr1[%v90] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v89 = llvm.load %v91 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v92 = arith.mulf %v86, %v89 fastmath<contract> : vector<16xf32>
      %v93 = vector.broadcast %v52#0 : f32 to vector<16xf32>
      %v94 = arith.subf %v92, %v93 fastmath<contract> : vector<16xf32>
      %v95 = math.exp %v94 : vector<16xf32>
      %v96 = arith.addf %v84_acc0, %v95 fastmath<contract> : vector<16xf32>
      %v97 = arith.addi %base2, %v84 : i64
      %v98 = llvm.getelementptr %ptr2[%v97] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v95, %v98 {alignment = 4 : i64} : vector<16xf32>, !llvm.ptr
      scf.yield %v96 : vector<16xf32>
    }
    %v99 = vector.reduction <add>, %v85#0 : vector<16xf32> into f32
    %v100 = arith.addf %v82, %v99 : f32
    %v102:1 = scf.for %v101 = %vend16 to %len step %c1 iter_args(%v101_acc0 = %v100) -> (f32) : i64 {
      %v104 = arith.addi %base0, %v101 : i64
      %v105 = llvm.getelementptr %ptr0[%v104] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v103 = llvm.load %v105 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v107 = arith.addi %base1, %v101 : i64
      %v108 = llvm.getelementptr %ptr1[%v107] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v106 = llvm.load %v108 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v109 = arith.mulf %v103, %v106 fastmath<contract> : f32
      %v110 = arith.subf %v109, %v52#0 fastmath<contract> : f32
      %v111 = math.exp %v110 : f32
      %v112 = arith.addf %v101_acc0, %v111 fastmath<contract> : f32
      %v113 = arith.addi %base2, %v101 : i64
      %v114 = llvm.getelementptr %ptr2[%v113] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v111, %v114 {alignment = 4 : i64} : f32, !llvm.ptr
      scf.yield %v112 : f32
    }
    scf.for %v115 = %c0 to %vend16 step %cw16 : i64 {
      %v117 = arith.addi %base2, %v115 : i64
      %v118 = llvm.getelementptr %ptr2[%v117] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v119 = llvm.load %v118 {alignment = 4 : i64} : !llvm.ptr -> vector<16xf32>
      %v120 = vector.broadcast %v102#0 : f32 to vector<16xf32>
      %v122 = arith.constant 0x3F800000 : f32
      %v123 = arith.divf %v122, %v102#0 : f32
      %v124 = vector.broadcast %v123 : f32 to vector<16xf32>
      %v121 = arith.mulf %v119, %v124 : vector<16xf32>
      %v125 = arith.addi %base2, %v115 : i64
      %v126 = llvm.getelementptr %ptr2[%v125] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v121, %v126 {alignment = 4 : i64} : vector<16xf32>, !llvm.ptr
    }
    scf.for %v127 = %vend16 to %len step %c1 : i64 {
      %v129 = arith.addi %base2, %v127 : i64
      %v130 = llvm.getelementptr %ptr2[%v129] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      %v131 = llvm.load %v130 {alignment = 4 : i64} : !llvm.ptr -> f32
      %v132 = arith.divf %v131, %v102#0 : f32
      %v133 = arith.addi %base2, %v127 : i64
      %v134 = llvm.getelementptr %ptr2[%v133] : (!llvm.ptr, i64) -> !llvm.ptr, f32
      llvm.store %v132, %v134 {alignment = 4 : i64} : f32, !llvm.ptr
    }
  }
  return
}
